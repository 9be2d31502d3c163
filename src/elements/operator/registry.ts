/**
 * The operator elements the back-office loader (src/admin-loader.ts) defines
 * on sight, each built as `operator/<tag>.js`. Apart from the end user's
 * table (../registry.ts): an end-user page never names an operator tag.
 */
export const OPERATOR_TAGS = ['uc-staff-console', 'uc-studio'] as const;
