/**
 * ApiError is what services throw. `code` is either the name of an error
 * shape in the SDK schema (e.g. 'CacheClusterNotFoundFault'), whose awsQuery
 * code and HTTP status the codec reads from the schema, or a generic query
 * error code that has no shape (e.g. 'MissingParameter', 'InvalidAction',
 * 'NotImplemented'), in which case `status` must be given.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Shorthands for the errors every service raises. */
export const invalidParameterValue = (message: string) =>
  new ApiError('InvalidParameterValueException', message);
export const invalidParameterCombination = (message: string) =>
  new ApiError('InvalidParameterCombinationException', message);
export const missingParameter = (name: string) =>
  new ApiError('MissingParameter', `The request must contain the parameter ${name}`, 400);
