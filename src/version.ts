/** The tracker's version (kept equal to package.json's by a test); it names the project in the User-Agent. */
export const VERSION = '0.1.0';
export const USER_AGENT = `secnumcloud-tracker/${VERSION} (SecNumCloud qualification tracker)`;
