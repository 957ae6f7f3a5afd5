// How a finding's message shows the data it names: values come from the scanned files.
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../src/engine/evaluate.js';

describe('renderMessage', () => {
  it('names each value, and a condition the message template does not place', () => {
    expect(renderMessage('Container "{{container}}" runs privileged', { container: 'web', when: 'condition Prod is true' })).toBe('Container "web" runs privileged (when condition Prod is true)');
  });
  it('shows 200 characters of a long value, and says an empty one', () => {
    const message = renderMessage('Service {{service}} gives its tasks public IPs', { service: 'x'.repeat(1_000_000) });
    expect(message).toBe(`Service ${'x'.repeat(200)}… gives its tasks public IPs`);
    expect(renderMessage('Service {{service}} gives its tasks public IPs', { service: '' })).toBe('Service (empty) gives its tasks public IPs');
  });
  it('leaves a placeholder it has no data for as written', () => {
    expect(renderMessage('Role {{role}} allows {{action}}', { role: 'app' })).toBe('Role app allows {{action}}');
  });
});
