/** The chunk the loader imports when a page has a <uc-points-widget>. */
import './page';
import '../../components/uc-points-widget/uc-points-widget';
