/**
 * An expected failure of an API call: its HTTP status, machine `reason` and Indonesian `message`.
 * Thrown by handlers and turned into `{ error: { reason, message } }` by the router; anything else
 * thrown is a bug (500 `internal-error`, logged).
 */
import { RelayApiReason } from '../../src/domain/protocol.ts';

/**
 * What a teacher (or whoever reads the raw answer) is told, in Bahasa Indonesia. The app shows its
 * own words for each reason; these must still make sense on their own.
 */
export const API_MESSAGES: Readonly<Record<RelayApiReason, string>> = {
  [RelayApiReason.INVALID_BODY]: 'Permintaan tidak dapat dibaca: isinya harus JSON yang sah dengan kolom yang diminta.',
  [RelayApiReason.BODY_TOO_LARGE]: 'Permintaan terlalu besar: paling banyak 16 KiB.',
  [RelayApiReason.INVALID_DOC]: 'Nama komunitas atau dokumen tidak sah.',
  [RelayApiReason.INVALID_KEY]: 'Kunci tidak sah: harus 16 sampai 128 huruf, angka, "-" atau "_".',
  [RelayApiReason.INVALID_TTL]: 'Masa berlaku undangan harus bilangan bulat antara 1 detik dan 30 hari.',
  [RelayApiReason.WRONG_KEY]: 'Kunci komunitas tidak cocok. Minta tautan atau kode undangan yang baru kepada fasilitator.',
  [RelayApiReason.WRONG_ADMIN_KEY]: 'Kunci admin tidak cocok. Hanya fasilitator komunitas ini yang dapat mengganti kuncinya.',
  [RelayApiReason.RATE_LIMITED]: 'Terlalu banyak percobaan dari jaringan ini. Tunggu sebentar, lalu coba lagi.',
  [RelayApiReason.INVITE_NOT_FOUND]: 'Kode undangan tidak ditemukan. Periksa kembali kodenya, atau minta kode baru kepada fasilitator.',
  [RelayApiReason.INVITE_EXPIRED]: 'Kode undangan ini sudah kedaluwarsa. Minta kode baru kepada fasilitator.',
  [RelayApiReason.INVITE_REVOKED]: 'Kode undangan ini sudah dibatalkan. Minta kode baru kepada fasilitator.',
  [RelayApiReason.ADMIN_EXISTS]: 'Komunitas ini sudah memiliki kunci admin lain.',
  [RelayApiReason.MEMBER_EXISTS]: 'Anggota ini sudah terdaftar dengan rahasia yang berbeda.',
  [RelayApiReason.ROOM_NOT_FOUND]: 'Komunitas ini belum pernah tersinkron ke server.',
  [RelayApiReason.NOT_A_MEMBER]: 'Anda tidak terdaftar sebagai anggota komunitas ini, atau sudah dikeluarkan. Minta undangan baru kepada fasilitator.',
  [RelayApiReason.NO_ROTATION]: 'Kunci komunitas ini belum pernah diganti; kunci yang Anda miliki masih berlaku.',
  [RelayApiReason.NOT_FOUND]: 'Alamat API ini tidak ada.',
  [RelayApiReason.METHOD_NOT_ALLOWED]: 'Metode permintaan ini tidak didukung di alamat ini.',
  [RelayApiReason.UPGRADE_REQUIRED]: 'Alamat ini hanya untuk sinkronisasi lewat websocket.',
  [RelayApiReason.INTERNAL_ERROR]: 'Terjadi kesalahan di server. Coba lagi nanti.',
  [RelayApiReason.INVALID_BLOB_HASH]: 'Alamat lampiran tidak sah: harus /api/blobs/ diikuti 64 digit heksadesimal (SHA-256) huruf kecil.',
  [RelayApiReason.BLOB_HASH_MISMATCH]: 'Isi lampiran tidak cocok dengan sidik SHA-256 di alamatnya. Lampiran mungkin rusak di jalan; kirim ulang.',
  [RelayApiReason.BLOB_TOO_LARGE]: 'Lampiran terlalu besar untuk server ini.',
  [RelayApiReason.UNSUPPORTED_BLOB_TYPE]: 'Jenis lampiran tidak didukung. Yang diterima: foto WebP, JPEG atau PNG, dan rekaman suara WebM, Ogg atau MP4.',
  [RelayApiReason.BLOB_NOT_REFERENCED]: 'Dokumen ruang ini belum memuat lampiran tersebut di server. Tunggu sampai catatannya tersinkron, lalu coba lagi.',
  [RelayApiReason.BLOB_NOT_FOUND]: 'Lampiran ini tidak ada di server untuk ruang ini.',
};

export const API_STATUS: Readonly<Record<RelayApiReason, number>> = {
  [RelayApiReason.INVALID_BODY]: 400,
  [RelayApiReason.BODY_TOO_LARGE]: 413,
  [RelayApiReason.INVALID_DOC]: 400,
  [RelayApiReason.INVALID_KEY]: 400,
  [RelayApiReason.INVALID_TTL]: 400,
  [RelayApiReason.WRONG_KEY]: 401,
  [RelayApiReason.WRONG_ADMIN_KEY]: 401,
  [RelayApiReason.RATE_LIMITED]: 429,
  [RelayApiReason.INVITE_NOT_FOUND]: 404,
  [RelayApiReason.INVITE_EXPIRED]: 410,
  [RelayApiReason.INVITE_REVOKED]: 410,
  [RelayApiReason.ADMIN_EXISTS]: 409,
  [RelayApiReason.MEMBER_EXISTS]: 409,
  [RelayApiReason.ROOM_NOT_FOUND]: 404,
  [RelayApiReason.NOT_A_MEMBER]: 403,
  [RelayApiReason.NO_ROTATION]: 404,
  [RelayApiReason.NOT_FOUND]: 404,
  [RelayApiReason.METHOD_NOT_ALLOWED]: 405,
  [RelayApiReason.UPGRADE_REQUIRED]: 426,
  [RelayApiReason.INTERNAL_ERROR]: 500,
  [RelayApiReason.INVALID_BLOB_HASH]: 400,
  [RelayApiReason.BLOB_HASH_MISMATCH]: 400,
  [RelayApiReason.BLOB_TOO_LARGE]: 413,
  [RelayApiReason.UNSUPPORTED_BLOB_TYPE]: 415,
  [RelayApiReason.BLOB_NOT_REFERENCED]: 409,
  [RelayApiReason.BLOB_NOT_FOUND]: 404,
};

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;

  constructor(
    readonly reason: RelayApiReason,
    /** Indonesian; defaults to the reason's standard sentence. */
    message: string = API_MESSAGES[reason],
    /** Seconds, sent as `Retry-After` (429). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = API_STATUS[reason];
  }
}

/**
 * 429 with `Retry-After` and, in the message, roughly how long to wait: `sentence` gets "dalam 40
 * detik", "dalam sekitar 5 menit", ….
 */
export function rateLimited(
  retryAfterSeconds: number,
  sentence: (when: string) => string = (when) => `Terlalu banyak percobaan dari jaringan ini. Coba lagi ${when}.`,
): ApiError {
  return new ApiError(RelayApiReason.RATE_LIMITED, sentence(inAbout(retryAfterSeconds)), retryAfterSeconds);
}

/** "dalam 40 detik", "dalam sekitar 5 menit", "dalam sekitar 3 jam", "dalam sekitar 2 hari". */
function inAbout(seconds: number): string {
  if (seconds < 60) return `dalam ${seconds} detik`;
  if (seconds < 3_600) return `dalam sekitar ${Math.ceil(seconds / 60)} menit`;
  if (seconds < 86_400) return `dalam sekitar ${Math.ceil(seconds / 3_600)} jam`;
  return `dalam sekitar ${Math.ceil(seconds / 86_400)} hari`;
}
