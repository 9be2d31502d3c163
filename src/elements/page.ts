// Imported first by every element chunk: the page's runtime must be providing
// context before any element upgrades and asks for it.
import { installPageRuntime } from '../client/page-runtime';

installPageRuntime();
