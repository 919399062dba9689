import { iinCheckDigit } from '@common/iin.js';
import type { ImportJobDetail, TEMPLATE_FIELDS } from '@common/schemas/imports.js';
import ExcelJS from 'exceljs';
import type { Client } from '../../test/harness.js';

/** Test and benchmark helpers for imports: valid IINs, files in the template's shape, uploads, waiting for an apply. */

/** A valid IIN for the birth date and gender (the serial makes it unique; one serial in ~11 has no check digit). */
export function makeIin(birthDate: string, gender: 'male' | 'female', serial: number): string {
  const [y, m, d] = birthDate.split('-');
  const century = Number(y) >= 2000 ? 5 : Number(y) >= 1900 ? 3 : 1;
  const sex = century + (gender === 'female' ? 1 : 0);
  for (let s = serial; ; s++) {
    const first11 = `${y!.slice(2)}${m}${d}${sex}${String(s % 10_000).padStart(4, '0')}`;
    const k = iinCheckDigit([...first11].map(Number));
    if (k !== null) return `${first11}${k}`;
  }
}

export type TemplateRow = Partial<Record<(typeof TEMPLATE_FIELDS)[number], string>>;

/** Columns with the template's Russian headers unless others are given. */
export const RU_HEADERS: Record<(typeof TEMPLATE_FIELDS)[number], string> = {
  role: 'Роль',
  surname: 'Фамилия',
  firstName: 'Имя',
  patronymic: 'Отчество',
  birthDate: 'Дата рождения',
  gender: 'Пол',
  iin: 'ИИН',
  class: 'Класс',
  language: 'Язык обучения',
  externalId: 'Внешний ID',
  email: 'Эл. почта',
  phone: 'Телефон',
  parentOf: 'Родитель ученика (ИИН или ID ребёнка)',
  relation: 'Степень родства',
};

export async function peopleXlsx(
  rows: TemplateRow[],
  headers: Partial<Record<string, string>> = RU_HEADERS,
): Promise<Buffer> {
  const fields = Object.keys(headers) as Array<keyof TemplateRow>;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Люди');
  sheet.addRow(fields.map((f) => headers[f]));
  for (const row of rows) sheet.addRow(fields.map((f) => row[f] ?? ''));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function peopleCsv(rows: TemplateRow[], opts: { delimiter?: string; bom?: boolean } = {}): Buffer {
  const d = opts.delimiter ?? ';';
  const fields = Object.keys(RU_HEADERS) as Array<keyof TemplateRow>;
  const lines = [fields.map((f) => RU_HEADERS[f]), ...rows.map((r) => fields.map((f) => r[f] ?? ''))].map((l) =>
    l.join(d),
  );
  const text = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
  return opts.bom === false ? text : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]);
}

/** A multipart/form-data body with one file part. */
export function multipart(fileName: string, bytes: Buffer, contentType = 'application/octet-stream') {
  const boundary = `----dapter${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function upload(client: Client, fileName: string, bytes: Buffer, kind: 'people' | 'oneroster' = 'people') {
  const { body, contentType } = multipart(fileName, bytes);
  return client.request('POST', `/api/v1/imports?kind=${kind}`, body, { 'content-type': contentType });
}

/** Polls the job until its apply has finished (on PGlite a poll waits while the apply's transaction runs). */
export async function waitForJob(client: Client, jobId: number, timeoutMs = 120_000): Promise<ImportJobDetail> {
  const started = Date.now();
  for (;;) {
    const res = await client.get(`/api/v1/imports/${jobId}`);
    if (res.statusCode !== 200) throw new Error(`GET /imports/${jobId}: ${res.statusCode} ${res.body}`);
    const job = res.json() as ImportJobDetail;
    if (job.status !== 'applying') return job;
    if (Date.now() - started > timeoutMs) throw new Error('apply did not finish');
    await new Promise((r) => setTimeout(r, 25));
  }
}
