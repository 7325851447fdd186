// The shared vocabularies, from the files the server's C tables are generated
// from (data/vocab/*.json): names in code order (a goods code is signed into
// every pass, so the offline check decodes it with this very list) and the
// labels of each locale, which i18n.js takes as its messages.
import goods from '../../data/vocab/goods.json';
import measures from '../../data/vocab/measures.json';
import roles from '../../data/vocab/roles.json';
import verdicts from '../../data/vocab/verdicts.json';
import idTypes from '../../data/vocab/id_types.json';
import inputs from '../../data/vocab/inputs.json'; // chain-data
// white lists (issue 12): the key chains
import chains from '../../data/vocab/chains.json';

const names = (v) => v.entries.map((e) => e.name);

export const GOODS = names(goods);
export const MEASURES = names(measures);
export const ROLES = names(roles);
export const VERDICTS = names(verdicts);
export const ID_TYPES = names(idTypes);
export const INPUTS = names(inputs); // chain-data: supply-chain inputs
export const CHAINS = names(chains); // white lists: the key chains

// { name: label } of a vocabulary in one locale ('zh-CN' or 'en').
export function labels(vocab, locale) {
  const v = { goods, measures, roles, verdicts, id_types: idTypes, inputs, chains }[vocab];
  return Object.fromEntries(v.entries.map((e) => [e.name, e.labels[locale]]));
}
