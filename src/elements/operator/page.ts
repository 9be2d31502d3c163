// Imported first by every operator chunk: the staff runtime must be providing
// context before any operator element upgrades and asks for it.
import { installStaffPage } from './staff-page';

installStaffPage();
