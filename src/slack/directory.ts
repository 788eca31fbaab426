import { ErrorCode as WebErrorCode, type WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { Directory } from '../services/importer.js';

/** The workspace's people, as the importer needs them: e-mail addresses resolved with `users.lookupByEmail`. */
export function slackDirectory(client: WebClient): Directory {
  return {
    async lookupByEmail(email) {
      try {
        const answer = await client.users.lookupByEmail({ email });
        return answer.user?.id ? { id: answer.user.id } : null;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === WebErrorCode.PlatformError && (error as WebAPIPlatformError).data.error === 'users_not_found') return null;
        throw error;
      }
    },
  };
}
