import { Alert, Button, Group, PasswordInput, ScrollArea, Stack, Stepper, Text } from '@mantine/core';
import { IconAlertCircle, IconInfoCircle, IconMailForward } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentAgreement } from '../../api/agreements.js';
import { useCompleteRegistration, useRegistration } from '../../api/registration.js';
import { errorMessage, notifySuccess } from '../../components/notify.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { isApiError } from '../../lib/apiError.js';
import { AgreementText } from '../agreements/AgreementText.js';
import { CorrectionForm } from '../corrections/CorrectionForm.js';
import { PolicyHints } from '../password/PolicyHints.js';
import { CheckedDataList } from './CheckedDataList.js';
import { FocusFrame } from './FocusFrame.js';

/**
 * The first sign-in with temporary credentials (user agreement 3.1–3.3, 2.1): check the data (or ask for a
 * correction), choose a password, read the agreement and press "Register" — which is the acceptance. Nothing
 * is saved before that press; then the server does it all in one transaction and the cabinet opens.
 */
export default function RegistrationWizard() {
  const { t } = useTranslation('registration');
  const locale = useLocale();
  const registration = useRegistration();
  const agreement = useCurrentAgreement();
  const complete = useCompleteRegistration();
  const [step, setStep] = useState(0);
  const [correcting, setCorrecting] = useState(false);
  const [requested, setRequested] = useState(false);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [passwordError, setPasswordError] = useState<string | null>(null);

  if (registration.isPending || agreement.isPending) return <PageLoader fullScreen />;
  if (registration.error) return <PageError error={registration.error} onRetry={() => void registration.refetch()} />;
  if (agreement.error) return <PageError error={agreement.error} onRetry={() => void agreement.refetch()} />;
  const { person, consent } = registration.data;
  const current = agreement.data;

  const toAgreement = (event: FormEvent) => {
    event.preventDefault();
    if (!password) return setPasswordError(t('errors:validation.required'));
    if (password !== repeat) return setPasswordError(t('wizard.password.mismatch'));
    setPasswordError(null);
    setStep(2);
  };

  const register = () =>
    complete.mutate(
      { newPassword: password, agreementVersionId: current?.id ?? null, dataConfirmed: true },
      {
        onSuccess: () => notifySuccess(t('wizard.done')),
        onError: (error) => {
          // The password policy answers on the password step, where it can be fixed.
          if (isApiError(error) && error.code.startsWith('password.')) {
            setPasswordError(error.message);
            setStep(1);
          }
          // A version published meanwhile: show it (the error stays visible above the new text).
          if (isApiError(error) && error.code === 'agreement.outdated') void agreement.refetch();
        },
      },
    );

  return (
    <FocusFrame title={t('wizard.title')} subtitle={t('wizard.subtitle')} testId="registration-wizard">
      <Stepper active={step} size="sm" iconSize={30} allowNextStepsSelect={false} onStepClick={setStep} mb="lg">
        <Stepper.Step label={t('wizard.steps.data')} data-testid="reg-step-data" />
        <Stepper.Step label={t('wizard.steps.password')} data-testid="reg-step-password" />
        <Stepper.Step label={t('wizard.steps.agreement')} data-testid="reg-step-agreement" />
      </Stepper>

      {step === 0 && (
        <Stack gap="md">
          <Text size="sm">{t('wizard.data.intro')}</Text>
          <CheckedDataList person={person} />
          {requested && (
            <Alert color="teal" icon={<IconMailForward />} data-testid="reg-correction-sent">
              {t('wizard.data.requested')}
            </Alert>
          )}
          {correcting ? (
            <CorrectionForm
              person={person}
              onSent={() => {
                setRequested(true);
                setCorrecting(false);
              }}
              onCancel={() => setCorrecting(false)}
            />
          ) : (
            <Group justify="space-between" gap="xs">
              <Button variant="default" onClick={() => setCorrecting(true)} data-testid="reg-data-wrong">
                {t('wizard.data.wrong')}
              </Button>
              <Button onClick={() => setStep(1)} data-testid="reg-data-ok">
                {requested ? t('wizard.next') : t('wizard.data.correct')}
              </Button>
            </Group>
          )}
        </Stack>
      )}

      {step === 1 && (
        <form onSubmit={toAgreement} noValidate>
          <Stack gap="md">
            <Text size="sm">{t('wizard.password.intro')}</Text>
            <PasswordInput
              label={t('wizard.password.new')}
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={passwordError}
              data-testid="reg-new-password"
              data-autofocus
              required
            />
            <PasswordInput
              label={t('wizard.password.repeat')}
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
              data-testid="reg-repeat-password"
              required
            />
            <Text size="xs" c="dimmed">
              {t('wizard.password.hint')}
            </Text>
            <PolicyHints />
            <Group justify="space-between" gap="xs">
              <Button variant="default" onClick={() => setStep(0)}>
                {t('wizard.back')}
              </Button>
              <Button type="submit" data-testid="reg-password-next">
                {t('wizard.next')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}

      {step === 2 && (
        <Stack gap="md">
          {complete.isError && (
            <Alert color="red" icon={<IconAlertCircle />} role="alert" data-testid="reg-error">
              {errorMessage(complete.error)}
            </Alert>
          )}
          {current ? (
            <>
              <Text size="sm" fw={600}>
                {t('wizard.agreement.intro', { label: current.label })}
              </Text>
              <ScrollArea.Autosize mah={360} type="auto" offsetScrollbars>
                <AgreementText text={current.text[locale]} testId="reg-agreement-text" />
              </ScrollArea.Autosize>
              <Alert color="blue" icon={<IconInfoCircle />} data-testid="reg-accepting">
                {t('wizard.agreement.accepting')}
              </Alert>
            </>
          ) : (
            <Alert color="gray" icon={<IconInfoCircle />}>
              {t('wizard.agreement.none')}
            </Alert>
          )}
          {consent.required && !consent.given && (
            <Alert color="yellow" icon={<IconInfoCircle />} data-testid="reg-minor-notice">
              {t('wizard.agreement.minorNotice')}
            </Alert>
          )}
          <Group justify="space-between" gap="xs">
            <Button variant="default" onClick={() => setStep(1)}>
              {t('wizard.back')}
            </Button>
            <Button onClick={register} loading={complete.isPending} data-testid="reg-submit">
              {t('wizard.agreement.register')}
            </Button>
          </Group>
        </Stack>
      )}
    </FocusFrame>
  );
}
