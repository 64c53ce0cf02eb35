import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api-error.ts';
import RequestStatus from './RequestStatus.svelte';

describe('RequestStatus', () => {
  it('shows loading, an error with retry, and how to log in on a 401', () => {
    expect(render(RequestStatus, { props: { loading: true, what: 'segments' } }).body).toContain('Loading segments…');
    const failed = render(RequestStatus, { props: { loading: false, what: 'segments', error: new ApiError(500, 'INTERNAL', 'boom'), onretry: () => undefined } }).body;
    expect(failed).toContain('Could not load segments.');
    expect(failed).toContain('Try again');
    const unauthorized = render(RequestStatus, { props: { loading: false, what: 'segments', error: new ApiError(401, 'UNAUTHORIZED', 'no') } }).body;
    expect(unauthorized).toContain('npm start');
    expect(unauthorized).not.toContain('Try again');
  });
});
