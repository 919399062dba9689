import { SLIPS_PER_PAGE, type SlipsPerPage } from '@common/schemas/credentials.js';
import { Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SlipItem, usePrintSlips } from '../../api/credentials.js';
import { notifySuccess } from '../../components/notify.js';

interface Props {
  items: SlipItem[];
  /** Offer 1 / 4 / 8 slips per A4 page (for many people); a single slip prints one to a page. */
  choosePerPage?: boolean;
  variant?: 'default' | 'filled' | 'light';
}

/**
 * Downloads the credential slips as a PDF made by the server in each person's own language. The server
 * checks every password against the account, so only current temporary credentials can be printed.
 */
export function CredentialSlipsButton({ items, choosePerPage = false, variant = 'default' }: Props) {
  const { t } = useTranslation('credentials');
  const [perPage, setPerPage] = useState<SlipsPerPage>(choosePerPage ? 4 : 1);
  const print = usePrintSlips();
  const button = (
    <Button
      variant={variant}
      leftSection={<IconPrinter size={16} />}
      loading={print.isPending}
      disabled={items.length === 0}
      onClick={() => print.mutate({ items, perPage }, { onSuccess: () => notifySuccess(t('print.ready')) })}
      data-testid={choosePerPage ? 'print-all-slips' : 'print-slip'}
      // Long Kazakh labels wrap on a phone instead of being cut off.
      h="auto"
      mih={36}
      py={6}
      styles={{ label: { whiteSpace: 'normal', textAlign: 'start' } }}
    >
      {choosePerPage ? t('print.all') : t('print.slip')}
    </Button>
  );
  if (!choosePerPage) return button;
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500} id="slips-per-page-label">
        {t('print.perPage')}
      </Text>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          aria-labelledby="slips-per-page-label"
          value={String(perPage)}
          onChange={(v) => setPerPage(Number(v) as SlipsPerPage)}
          data={SLIPS_PER_PAGE.map((n) => ({ value: String(n), label: String(n) }))}
          data-testid="slips-per-page"
        />
        {button}
      </Group>
    </Stack>
  );
}
