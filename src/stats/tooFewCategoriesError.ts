/**
 * A table the chi-square test of homogeneity is undefined on: fewer than two categories with a count, or a
 * window with no count at all. A caller may read it as "no test"; any other RangeError of the test (a
 * negative or non-finite count, rows of different lengths) is bad input and must surface.
 */
export class TooFewCategoriesError extends RangeError {
  override name = 'TooFewCategoriesError';
}
