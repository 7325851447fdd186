// The Chinese texts of the problems src/app/ sends, by key (see index.js).
export default {
};
