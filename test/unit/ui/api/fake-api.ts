/** An ApiClient whose requests are answered by a function, recorded as [method, path, body]. */
import { ApiClient, ApiError, type Method, type RequestOptions } from '../../../../ui/src/api/client.js';

export type Answer = (method: Method, path: string, body: unknown) => unknown;

export class FakeApi extends ApiClient {
  readonly calls: [Method, string, unknown][] = [];
  readonly #answer: Answer;

  constructor(answer: Answer) {
    super(() => 'hvs.fake');
    this.#answer = answer;
  }

  override async request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T | undefined> {
    this.calls.push([method, path, opts.body]);
    return this.#answer(method, path, opts.body) as T | undefined;
  }
}

export { ApiError };
