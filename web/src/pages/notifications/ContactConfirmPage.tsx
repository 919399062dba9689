import { Alert, Button, Stack } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useConfirmContact } from '../../api/notifications.js';
import { errorMessage } from '../../components/notify.js';
import { AuthCard } from '../password/AuthCard.js';
import { tokenFromHash } from '../password/tokenFromHash.js';

/**
 * /contacts/confirm#token=… (public), the link of a contact's confirmation e-mail. A press of a button confirms,
 * not the page load, so a mail scanner opening links cannot confirm an address on the person's behalf.
 */
export default function ContactConfirmPage() {
  const { t } = useTranslation('notifications');
  const [token] = useState(() => tokenFromHash());
  const confirm = useConfirmContact();
  return (
    <AuthCard
      title={t('web.confirm.title')}
      text={confirm.isSuccess ? undefined : t('web.confirm.text')}
      testId="contact-confirm"
    >
      <Stack>
        {!token && (
          <Alert color="red" icon={<IconAlertCircle />} role="alert" data-testid="contact-confirm-error">
            {t('web.confirm.missing')}
          </Alert>
        )}
        {confirm.isError && (
          <Alert color="red" icon={<IconAlertCircle />} role="alert" data-testid="contact-confirm-error">
            {errorMessage(confirm.error)}
          </Alert>
        )}
        {confirm.isSuccess ? (
          <>
            <Alert color="teal" icon={<IconCircleCheck />} data-testid="contact-confirm-done">
              {t('web.confirm.done')}
            </Alert>
            <Button component={Link} to="/settings/notifications">
              {t('web.confirm.toSettings')}
            </Button>
          </>
        ) : (
          <Button
            onClick={() => token && confirm.mutate(token)}
            loading={confirm.isPending}
            disabled={!token}
            data-testid="contact-confirm-submit"
            fullWidth
          >
            {t('web.confirm.submit')}
          </Button>
        )}
      </Stack>
    </AuthCard>
  );
}
