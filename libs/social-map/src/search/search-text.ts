import type { EntityManager } from 'typeorm';
import { SETTING_LABELS_NL, SETTINGS } from '../domain/taxonomy.js';

const SETTING_CODES = [...SETTINGS];
const SETTING_LABELS = SETTINGS.map((s) => SETTING_LABELS_NL[s]);

/**
 * Rebuilds social_map.offering.search_text (and so the generated search_vector) of the given
 * offerings, or of all: the offering's name and description, the provider's and location's names,
 * the city and municipality, the JZ020 category label, the specialisms' labels and synonyms and the
 * setting's Dutch label. One UPDATE; rows whose text is already right are not rewritten.
 * Call it in the transaction that changes any of these. Returns the number of rows rewritten.
 */
export async function refreshSearchText(manager: EntityManager, offeringIds: string[] | 'all'): Promise<number> {
  if (offeringIds !== 'all' && offeringIds.length === 0) return 0;
  const ids = offeringIds === 'all' ? null : [...new Set(offeringIds)];
  const result = (await manager.query(
    `UPDATE social_map.offering AS target
        SET search_text = source.text
       FROM (
         SELECT o.id,
                concat_ws(' ', o.name, nullif(o.description_nl, ''), p.name, l.name, l.city, m.name, c.value, st.label, sp.words) AS text
           FROM social_map.offering o
           JOIN social_map.provider p ON p.id = o.provider_id
           JOIN social_map.location l ON l.id = o.location_id
           LEFT JOIN reference.municipality m ON m.code = l.municipality_code
           LEFT JOIN reference.code_list_entry c ON c.list_code = 'JZ020' AND c.code = o.category_code
           LEFT JOIN unnest($2::text[], $3::text[]) AS st(setting, label) ON st.setting = o.setting
           LEFT JOIN (
             SELECT os.offering_id,
                    string_agg(concat_ws(' ', s.label_nl, array_to_string(s.synonyms, ' ')), ' ' ORDER BY s.code) AS words
               FROM social_map.offering_specialism os
               JOIN social_map.specialism s ON s.code = os.specialism_code
              WHERE $1::uuid[] IS NULL OR os.offering_id = ANY($1::uuid[])
              GROUP BY os.offering_id
           ) sp ON sp.offering_id = o.id
          WHERE $1::uuid[] IS NULL OR o.id = ANY($1::uuid[])
       ) AS source
      WHERE target.id = source.id AND target.search_text IS DISTINCT FROM source.text`,
    [ids, SETTING_CODES, SETTING_LABELS],
  )) as [unknown[], number] | unknown[];
  // TypeORM's postgres driver answers an UPDATE with [rows, affected]
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
