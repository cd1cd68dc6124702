export default definePageConfig({ navigationBarTitleText: '谁来办理' });
