require('@tarojs/taro');
const React = require('react');
const ReactDOM = require('react-dom');
const { createH5NativeComponentConfig } = require('@tarojs/plugin-framework-react/dist/runtime');

createH5NativeComponentConfig(null, React, ReactDOM);

beforeEach(() => {
  window.localStorage.clear();
});
