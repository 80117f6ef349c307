declare module 'rake-js' {
  /** RAKE's best phrases (the top third by score), the highest first. */
  export default function rake(
    text: string,
    options?: { language?: string; delimiters?: string[] },
  ): string[];
}
