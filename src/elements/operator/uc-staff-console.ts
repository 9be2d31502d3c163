/** The chunk the back-office loader imports when a page has a <uc-staff-console>. */
import './page';
import '../../../components/uc-staff-console/uc-staff-console';
