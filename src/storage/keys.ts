/**
 * Key and prefix validation shared by every backend, so that a key means the same thing on each:
 * slash-separated segments, none empty, none "." or "..", no NUL byte. Vault's file backend rejects
 * ".." with `path cannot contain parent references` (sdk/helper/consts/error.go); the other rules
 * close the ways a key could alias another once joined into a file path (`a//b`, `a/./b`, `a/`).
 */
import { StorageError } from '../errors.js';

/** Vault's text (consts.ErrPathContainsParentReferences). */
export const PARENT_REFERENCE_MESSAGE = 'path cannot contain parent references';

function invalid(message: string): StorageError {
  return new StorageError('STORAGE_INVALID_KEY', message);
}

function checkSegments(path: string, segments: readonly string[]): void {
  if (path.includes('\0')) throw invalid('path cannot contain NUL bytes');
  if (segments.includes('..')) throw invalid(PARENT_REFERENCE_MESSAGE);
  if (path.startsWith('/')) throw invalid(`path must not begin with "/": ${JSON.stringify(path)}`);
  if (segments.includes('')) throw invalid(`path contains an empty segment: ${JSON.stringify(path)}`);
  if (segments.includes('.')) throw invalid(`path cannot contain "." segments: ${JSON.stringify(path)}`);
}

/** Throws StorageError('STORAGE_INVALID_KEY') unless key names a leaf: `a`, `a/b/c`. */
export function validateKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw invalid('key cannot be empty');
  checkSegments(key, key.split('/'));
}

/** Throws StorageError('STORAGE_INVALID_KEY') unless prefix is "" or a folder path ending in "/". */
export function validatePrefix(prefix: string): void {
  if (typeof prefix !== 'string') throw invalid('list prefix must be a string');
  if (prefix === '') return;
  if (!prefix.endsWith('/')) {
    throw invalid(`list prefix must be empty or end in "/": ${JSON.stringify(prefix)}`);
  }
  checkSegments(prefix, prefix.slice(0, -1).split('/'));
}

/** The segments of a valid key or prefix, without the trailing empty one of a prefix. */
export function segmentsOf(path: string): string[] {
  if (path === '') return [];
  return (path.endsWith('/') ? path.slice(0, -1) : path).split('/');
}

/** Sorts as Go's sort.Strings does (by UTF-8 bytes), which differs from JS's UTF-16 order beyond the BMP. */
export function compareBytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
