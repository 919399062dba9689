import { notifications } from '@mantine/notifications';
import i18n from '../i18n.js';
import { isApiError } from '../lib/apiError.js';

/** The text to show for any failure: the server's own localised message, or ours when it never answered. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message;
  return i18n.t('common:errors.network');
}

/** Shows a failed action: the server's localised message (validation issues are shown by the form itself). */
export function notifyError(error: unknown) {
  notifications.show({
    color: 'red',
    title: i18n.t('common:errors.title'),
    message: errorMessage(error),
    autoClose: 8000,
  });
}

export function notifySuccess(message: string) {
  notifications.show({ color: 'teal', message, autoClose: 4000 });
}
