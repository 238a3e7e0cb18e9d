/** A Redis the publisher reaches but cannot use as configured (no database of the URL's index). */
export class PublisherError extends Error {
  override name = 'PublisherError';
}
