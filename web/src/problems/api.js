// The Chinese texts of the problems src/api/ sends, by key (see index.js).
export default {
};
