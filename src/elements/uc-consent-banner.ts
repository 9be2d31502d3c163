/**
 * The chunk the loader's consent stub imports when a decision is needed (or
 * the user opens the settings). It does not load the page runtime: the
 * proof's outbox comes in only after a decision (src/client/consent-proof.ts).
 */
import '../../components/uc-consent-banner/uc-consent-banner';
