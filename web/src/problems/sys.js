// The Chinese texts of the problems src/util/ and src/sys/ send, by key (see index.js).
export default {
};
