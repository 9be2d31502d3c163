/** The chunk the loader imports when a page has a <uc-provider>. */
import './page';
import '../../components/uc-provider/uc-provider';
