import { Stack, Text, Title } from '@mantine/core';

/**
 * The agreement as typed by the Ministry: paragraphs split by blank lines, a numbered first line ("3. …") as
 * the heading of its section. Plain text only — nothing is interpreted as markup.
 */
export function AgreementText({ text, testId }: { text: string; testId?: string }) {
  const blocks = text
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  return (
    <Stack gap="sm" data-testid={testId}>
      {blocks.map((block, i) => {
        const [first = '', ...rest] = block.split('\n');
        const heading = /^\d+(\.\d+)*\.?\s+\S/.test(first) && first.length < 120 && rest.length > 0;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a fixed text, never reordered
          <div key={i}>
            {heading ? (
              <>
                <Title order={5} mb={4}>
                  {first}
                </Title>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {rest.join('\n')}
                </Text>
              </>
            ) : (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {block}
              </Text>
            )}
          </div>
        );
      })}
    </Stack>
  );
}
