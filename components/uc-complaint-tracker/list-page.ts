/**
 * How many complaints the tracker's list renders at first, and adds per
 * "show more": a screenful. Laying out 1,000 rows costs ~150 ms on its own
 * (measured with npm run bench, section e), whatever renders them.
 */
export const LIST_PAGE = 30;
