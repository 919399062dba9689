import { useTranslation } from 'react-i18next';
import { useConfirmEmail } from '../../api/passwords.js';
import { LinkConfirmCard } from './LinkConfirmCard.js';

/** /confirm-email#token=… (public): confirms the account's e-mail address. */
export default function ConfirmEmailPage() {
  const { t } = useTranslation('passwords');
  const confirm = useConfirmEmail();
  return (
    <LinkConfirmCard
      confirm={confirm}
      nextTo="/profile"
      testId="confirm-email"
      idPrefix="confirm"
      texts={{
        title: t('confirm.title'),
        text: t('confirm.text'),
        missing: t('confirm.missing'),
        done: t('confirm.done'),
        submit: t('confirm.submit'),
        next: t('confirm.toApp'),
      }}
    />
  );
}
