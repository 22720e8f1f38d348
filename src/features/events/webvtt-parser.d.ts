// webvtt-parser 2.2.0 ships no types: the part the events feature uses (see /work/shared/STACK.md).
declare module 'webvtt-parser' {
  interface WebVTTCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
  }
  interface WebVTTError {
    message: string;
    line: number;
    col?: number;
  }
  class WebVTTParser {
    parse(input: string, mode?: 'metadata' | 'chapters'): { cues: WebVTTCue[]; errors: WebVTTError[]; time: number };
  }
  const webvtt: { WebVTTParser: typeof WebVTTParser };
  export default webvtt;
}
