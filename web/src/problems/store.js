// The Chinese texts of the problems src/store/ sends, by key (see index.js).
export default {
};
