/** The chunk the loader imports when a page has a <uc-complaint-tracker>. */
import './page';
import '../../components/uc-complaint-tracker/uc-complaint-tracker';
