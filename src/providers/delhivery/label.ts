import type { SyncSession } from '../types.js';
import { delhiveryApi, delhiveryHeaders, delhiveryUrl, tokenRefusal } from './client.js';
import { packingSlipAnswer } from './payloads.js';

/**
 * The packing slip (label) PDF of one AWB: `GET /api/p/packing_slip?wbns=…&pdf=true` answers an
 * S3 link in `packages[].pdf_download_link` (docs/providers.md §7.2).
 */
export async function label(session: SyncSession, awb: string): Promise<string> {
  const url = delhiveryUrl(session.credentials, session.endpoints, 'api/p/packing_slip');
  url.searchParams.set('wbns', awb);
  url.searchParams.set('pdf', 'true');
  const res = await delhiveryApi.connect(session).send(url.toString(), { headers: delhiveryHeaders(session.credentials) });
  if (res.status === 401 || res.status === 403) throw tokenRefusal(session.credentials, res);
  if (res.status >= 400 && res.status < 500 && res.status !== 429) throw delhiveryApi.refusal(`the packing slip of AWB ${awb}`, res);
  if (res.status !== 200) throw delhiveryApi.unexpected(res);
  const answer = delhiveryApi.parse(packingSlipAnswer, res.body, 'the packing slip');
  const slip = answer.packages?.find((p) => p.wbn === awb) ?? (answer.packages?.length === 1 ? answer.packages[0] : undefined);
  if (!slip?.pdf_download_link) {
    throw delhiveryApi.error(
      'request',
      `Delhivery found no packing slip for AWB ${awb} (packages_found: ${answer.packages_found ?? 0}); check the AWB is one of this account's`,
    );
  }
  return slip.pdf_download_link;
}
