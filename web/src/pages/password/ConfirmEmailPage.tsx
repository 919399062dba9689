import { Alert, Button, Stack } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useConfirmEmail } from '../../api/passwords.js';
import { errorMessage } from '../../components/notify.js';
import { AuthCard } from './AuthCard.js';
import { tokenFromHash } from './tokenFromHash.js';

/**
 * /confirm-email#token=… (public). Confirmation takes a press of a button rather than happening on load, so a mail
 * scanner that opens links cannot confirm an address on the person's behalf.
 */
export default function ConfirmEmailPage() {
  const { t } = useTranslation('passwords');
  const [token] = useState(() => tokenFromHash());
  const confirm = useConfirmEmail();

  return (
    <AuthCard
      title={t('confirm.title')}
      text={confirm.isSuccess ? undefined : t('confirm.text')}
      testId="confirm-email"
    >
      <Stack>
        {!token && (
          <Alert color="red" icon={<IconAlertCircle />} role="alert" data-testid="confirm-error">
            {t('confirm.missing')}
          </Alert>
        )}
        {confirm.isError && (
          <Alert color="red" icon={<IconAlertCircle />} role="alert" data-testid="confirm-error">
            {errorMessage(confirm.error)}
          </Alert>
        )}
        {confirm.isSuccess ? (
          <>
            <Alert color="teal" icon={<IconCircleCheck />} data-testid="confirm-done">
              {t('confirm.done')}
            </Alert>
            <Button component={Link} to="/profile">
              {t('confirm.toApp')}
            </Button>
          </>
        ) : (
          <Button
            onClick={() => token && confirm.mutate(token)}
            loading={confirm.isPending}
            disabled={!token}
            data-testid="confirm-submit"
            fullWidth
          >
            {t('confirm.submit')}
          </Button>
        )}
      </Stack>
    </AuthCard>
  );
}
