/** The chunk the loader imports when a page has a <uc-feedback-form>. */
import './page';
import '../../components/uc-feedback-form/uc-feedback-form';
