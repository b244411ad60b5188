import { useEffect, useRef, useState } from 'react';

/** Telegram's voice notes are Ogg/Opus; Chromium records WebM/Opus, which the bot stores and plays just as well. */
const RECORDING_TYPES = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/webm', 'audio/mp4'];

const extensionOf = (type: string) => (type === 'audio/ogg' ? 'oga' : type === 'audio/mp4' ? 'm4a' : 'webm');

/** A voice note's length in whole seconds, as Telegram counts it (at least one). */
const wholeSeconds = (seconds: number) => Math.max(1, Math.round(Number.isFinite(seconds) ? seconds : 1));

/** The length of an audio file chosen from the disk: decoded, since recorded WebM often declares no duration. */
export async function audioDuration(file: File): Promise<number> {
  const context = new AudioContext();
  try {
    const decoded = await context.decodeAudioData(await file.arrayBuffer());
    return wholeSeconds(decoded.duration);
  } catch {
    return wholeSeconds(
      await new Promise<number>((resolve) => {
        const audio = new Audio(URL.createObjectURL(file));
        audio.onloadedmetadata = () => resolve(audio.duration);
        audio.onerror = () => resolve(1);
      }),
    );
  } finally {
    void context.close();
  }
}

export const formatDuration = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

/**
 * Records a voice note from the microphone with MediaRecorder: `start`, then `finish(true)` hands the
 * file and its length to `onDone`, `finish(false)` throws it away. `elapsed` ticks while recording.
 */
export function useVoiceRecorder(onDone: (file: File, seconds: number) => void, onError: (message: string) => void) {
  const recorder = useRef<MediaRecorder | null>(null);
  const keep = useRef(false);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [elapsed, setElapsed] = useState(0);

  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setElapsed((performance.now() - startedAt) / 1000), 250);
    return () => clearInterval(timer);
  }, [startedAt]);
  useEffect(() => () => recorder.current?.stream.getTracks().forEach((track) => track.stop()), []);

  const start = async () => {
    if (recorder.current) return;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      return onError((error as Error).message || 'microphone unavailable');
    }
    const mimeType = RECORDING_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    const media = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    const chunks: Blob[] = [];
    const began = performance.now();
    media.ondataavailable = (e) => {
      if (e.data.size) chunks.push(e.data);
    };
    media.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      recorder.current = null;
      setStartedAt(null);
      setElapsed(0);
      if (!keep.current) return;
      const type = (media.mimeType || 'audio/webm').split(';')[0]!;
      const file = new File([new Blob(chunks, { type })], `voice.${extensionOf(type)}`, { type });
      onDone(file, wholeSeconds((performance.now() - began) / 1000));
    };
    recorder.current = media;
    media.start(250);
    setStartedAt(began);
  };

  const finish = (send: boolean) => {
    keep.current = send;
    recorder.current?.stop();
  };

  return { recording: startedAt !== null, elapsed, start, finish };
}
