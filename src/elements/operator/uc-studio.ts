/** The chunk the back-office loader imports when a page has a <uc-studio>. */
import './page';
import '../../../components/uc-studio/uc-studio';
