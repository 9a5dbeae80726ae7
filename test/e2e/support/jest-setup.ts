// Checks run for seconds and a long poll may wait 25 s: Jest's 5 s default is for unit tests.
jest.setTimeout(60_000);
