/** The English messages of the edges (requests refused before anything is done); spread into en.ts. */
export const edgesEn = {
  'error.signatureInvalid': () => 'the request is not signed with the app’s signing secret, or is more than 5 minutes old',
  'error.bodyUnreadable': () => 'the request body cannot be read',
  'error.starting': () => 'Zeren is connecting to Slack; try again in a moment',
  'error.payloadInvalid': () => 'This request could not be read (it may come from an old or altered message). Nothing was recorded.',
  'error.fieldInvalid': () => 'This value could not be read; choose or type it again.',
};
