import { useTranslation } from 'react-i18next';
import { useConfirmContact } from '../../api/notifications.js';
import { LinkConfirmCard } from '../password/LinkConfirmCard.js';

/** /contacts/confirm#token=… (public): confirms a notification contact from its confirmation e-mail. */
export default function ContactConfirmPage() {
  const { t } = useTranslation('notifications');
  const confirm = useConfirmContact();
  return (
    <LinkConfirmCard
      confirm={confirm}
      nextTo="/settings/notifications"
      testId="contact-confirm"
      idPrefix="contact-confirm"
      texts={{
        title: t('web.confirm.title'),
        text: t('web.confirm.text'),
        missing: t('web.confirm.missing'),
        done: t('web.confirm.done'),
        submit: t('web.confirm.submit'),
        next: t('web.confirm.toSettings'),
      }}
    />
  );
}
