import { Alert } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCurrentMe } from '../../api/me.js';
import { useRegistration } from '../../api/registration.js';

/**
 * For a minor student whose parent has not consented yet (4.9, 4.10): a notice on the home page. Nothing is
 * blocked — the school keeps working; the parent confirms in their own cabinet.
 */
export function ConsentNotice() {
  const { t } = useTranslation('registration');
  const me = useCurrentMe();
  const student = me.memberships.some((m) => m.profile === 'student');
  const registration = useRegistration(student);
  const consent = registration.data?.consent;
  if (!student || !consent?.required || consent.given) return null;
  return (
    <Alert color="yellow" icon={<IconInfoCircle />} data-testid="consent-notice">
      {t('consent.studentNotice')}
    </Alert>
  );
}
