// Imported first by every element chunk: the page must be providing context
// before any element upgrades and asks for it.
import { installPageRuntime } from './page-setup';

installPageRuntime();
