// Deploys and token round trips against a real server take seconds to minutes, not the
// default 5 s. (testTimeout is a global jest option; per project it has to be set here.)
jest.setTimeout(300_000);
