/**
 * The agreements a new community starts from: the norms seed 000's kindergarten teachers wrote
 * (trust, empathy, equality, openness, willingness to learn, confidentiality), each as one sentence
 * a teacher would agree to at the first meeting. The community edits them together afterwards.
 */
export const DEFAULT_NORMS: ReadonlyArray<{ readonly title: string; readonly text: string }> = Object.freeze([
  Object.freeze({
    title: 'Saling percaya',
    text: 'Kami berani menceritakan masalah di kelas apa adanya, karena kami yakin tidak ada yang akan menghakimi.',
  }),
  Object.freeze({
    title: 'Empati',
    text: 'Kami mendengarkan cerita rekan sampai selesai dan berusaha memahami keadaan kelas serta anak-anaknya.',
  }),
  Object.freeze({
    title: 'Kesetaraan',
    text: 'Setiap suara sama berharganya, dari guru baru sampai guru senior, kepala sekolah, dan pengawas.',
  }),
  Object.freeze({
    title: 'Keterbukaan',
    text: 'Kami terbuka membagikan praktik yang belum berhasil dan menerima masukan dengan lapang dada.',
  }),
  Object.freeze({
    title: 'Kemauan belajar',
    text: 'Kami mau mencoba cara baru, merefleksikan hasilnya, dan terus belajar demi anak-anak belajar lebih baik.',
  }),
  Object.freeze({
    title: 'Kerahasiaan',
    text: 'Cerita tentang anak, orang tua, dan rekan yang dibagikan di komunitas tidak kami bawa keluar komunitas.',
  }),
]);
