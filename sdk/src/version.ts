/** The SDK's version, sent in the User-Agent; kept equal to package.json's (checked by the package test). */
export const VERSION = '2.0.0';
