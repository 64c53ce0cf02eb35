import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import ActivationsPage from './pages/ActivationsPage.svelte';
import EventsPage from './pages/EventsPage.svelte';
import SegmentBuilderPage from './pages/SegmentBuilderPage.svelte';
import SegmentDetailPage from './pages/SegmentDetailPage.svelte';
import SegmentsPage from './pages/SegmentsPage.svelte';

describe('App', () => {
  it('renders the navigation, the overview and the docked copilot with its input', () => {
    const body = render(App).body;
    expect(body).toContain('aria-label="Main"');
    expect(body).toMatch(/href="\/"[^>]*aria-current="page"/);
    expect(body).toContain('<h1>Overview</h1>');
    expect(body).toContain('data-testid="copilot-panel"');
    expect(body).toContain('data-testid="chat-input"');
    expect(body).toContain('data-testid="chat-send"');
    expect(body).toContain('data-testid="suggested-question"');
  });
});

describe('pages before their data arrives', () => {
  it('render their headings and stable hooks', () => {
    expect(render(SegmentsPage).body).toContain('data-testid="new-segment"');
    expect(render(SegmentDetailPage, { props: { id: 'seg_1' } }).body).toContain('href="/segments"');
    expect(render(EventsPage).body).toContain('Event schemas');
    expect(render(ActivationsPage).body).toContain('<h1>Activations</h1>');
    const builder = render(SegmentBuilderPage).body;
    expect(builder).toContain('<h1>New segment</h1>');
    expect(builder).toContain('data-testid="builder-name"');
    expect(builder.match(/<button[^>]*data-testid="save-segment"[^>]*>/)?.[0]).toContain('disabled');
    expect(render(SegmentBuilderPage, { props: { id: 'seg_1' } }).body).toContain('<h1>Edit segment</h1>');
  });
});
