import { describe, it, expect } from '@jest/globals';
import { isInlineSafe, safeContentType, servedFileHeaders } from './content-type.js';

describe('stored file content types', () => {
  it('keep images, video, audio and PDF; everything else becomes octet-stream', () => {
    expect(safeContentType('IMAGE/JPEG; charset=binary')).toBe('image/jpeg');
    expect(safeContentType('video/mp4')).toBe('video/mp4');
    expect(safeContentType('audio/ogg')).toBe('audio/ogg');
    expect(safeContentType('application/pdf')).toBe('application/pdf');
    for (const risky of [
      'text/html',
      'image/svg+xml',
      'application/xhtml+xml',
      'text/xml',
      'application/javascript',
      'text/plain',
      'multipart/x-mixed-replace',
      '',
      null,
      undefined,
    ]) {
      expect(safeContentType(risky)).toBe('application/octet-stream');
      expect(isInlineSafe(risky)).toBe(false);
    }
  });

  it('are served inline only when whitelisted, always sandboxed and unsniffed', () => {
    expect(servedFileHeaders('image/png')).toMatchObject({ 'Content-Type': 'image/png', 'Content-Disposition': 'inline' });
    expect(servedFileHeaders('text/html')).toEqual({
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': 'attachment',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
  });
});
