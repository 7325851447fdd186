// The Chinese texts of the problems src/core/ sends, by key (see index.js).
export default {
};
