import { Alert, Button, Container, Stack, Text } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import i18n from '../i18n.js';

interface State {
  failed: boolean;
}

/**
 * Last line of defence: a rendering bug shows a way out instead of a blank page. The most common cause in
 * practice, a new deployment while a tab is open (a lazy page chunk is gone), is fixed by reloading.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Container size="xs" py="xl">
        <Alert color="red" title={i18n.t('common:errors.title')}>
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{i18n.t('common:errors.crash')}</Text>
            <Button size="xs" onClick={() => window.location.reload()}>
              {i18n.t('common:actions.reload')}
            </Button>
          </Stack>
        </Alert>
      </Container>
    );
  }
}
