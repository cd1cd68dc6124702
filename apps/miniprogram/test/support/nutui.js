// What babel-plugin-import does in the build: load each NutUI component on its own
// (the package's main UMD bundle draws on a canvas at import and fails in jsdom).
const pkg = (name) => require(`@nutui/nutui-react-taro/dist/es/packages/${name}/index.js`);
module.exports = {
  Button: pkg('button').default ?? pkg('button').Button,
  Input: pkg('input').default ?? pkg('input').Input,
  Switch: pkg('switch').default ?? pkg('switch').Switch,
  Checkbox: pkg('checkbox').default ?? pkg('checkbox').Checkbox,
  Progress: pkg('progress').default ?? pkg('progress').Progress,
};
