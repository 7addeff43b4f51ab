/** The server's error messages, as it sent them, announced to screen readers. */
export function ErrorList({ errors, title = 'The server answered with an error' }: { errors: string[]; title?: string }) {
  if (errors.length === 0) return null;
  return (
    <div class="errors" role="alert">
      <p class="errors-title">{title}</p>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>{e}</li>
        ))}
      </ul>
    </div>
  );
}
