import { Alert, Button, Stack } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import type { UseMutationResult } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../components/notify.js';
import { AuthCard } from './AuthCard.js';
import { tokenFromHash } from './tokenFromHash.js';

export interface LinkConfirmTexts {
  title: string;
  text: string;
  missing: string;
  done: string;
  submit: string;
  next: string;
}

/**
 * The page behind an e-mailed confirmation link (`…#token=…`, public). Confirmation takes a press of a button
 * rather than happening on load, so a mail scanner that opens links cannot confirm an address on the person's
 * behalf. Used for the account e-mail and for notification contacts.
 */
export function LinkConfirmCard({
  confirm,
  texts,
  nextTo,
  testId,
  idPrefix,
}: {
  /** The mutation that sends the token; its result is not shown. */
  confirm: UseMutationResult<unknown, Error, string>;
  texts: LinkConfirmTexts;
  /** Where the button after success leads. */
  nextTo: string;
  /** data-testid of the card. */
  testId: string;
  /** data-testid prefix of its parts: `<idPrefix>-error`, `-done`, `-submit`. */
  idPrefix: string;
}) {
  const [token] = useState(() => tokenFromHash());
  return (
    <AuthCard title={texts.title} text={confirm.isSuccess ? undefined : texts.text} testId={testId}>
      <Stack>
        {!token && (
          <Alert color="red" icon={<IconAlertCircle />} role="alert" data-testid={`${idPrefix}-error`}>
            {texts.missing}
          </Alert>
        )}
        {confirm.isError && (
          <Alert color="red" icon={<IconAlertCircle />} role="alert" data-testid={`${idPrefix}-error`}>
            {errorMessage(confirm.error)}
          </Alert>
        )}
        {confirm.isSuccess ? (
          <>
            <Alert color="teal" icon={<IconCircleCheck />} data-testid={`${idPrefix}-done`}>
              {texts.done}
            </Alert>
            <Button component={Link} to={nextTo}>
              {texts.next}
            </Button>
          </>
        ) : (
          <Button
            onClick={() => token && confirm.mutate(token)}
            loading={confirm.isPending}
            disabled={!token}
            data-testid={`${idPrefix}-submit`}
            fullWidth
          >
            {texts.submit}
          </Button>
        )}
      </Stack>
    </AuthCard>
  );
}
